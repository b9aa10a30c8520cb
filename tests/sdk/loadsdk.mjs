// SPDX-License-Identifier: MIT
// Imports modules of the official MCP TypeScript SDK for the SDK tests, installing it first
// (`npm ci --prefix tests/sdk`) when tests/sdk/node_modules does not have it yet.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

// specifiers: e.g. '@modelcontextprotocol/sdk/client/index.js'; resolves to the modules in that order.
export async function loadSdk(label, specifiers) {
    const load = () => Promise.all(specifiers.map((specifier) => import(specifier)));
    try {
        return await load();
    } catch (error) {
        if (error.code !== 'ERR_MODULE_NOT_FOUND')
            throw error;
        console.error(`${label}: installing the MCP SDK (npm ci) ...`);
        const npm = spawnSync('npm', ['ci', '--prefix', here, '--no-audit', '--no-fund'], { stdio: 'inherit' });
        if (npm.status !== 0)
            throw new Error('the MCP SDK is missing and `npm ci --prefix tests/sdk` failed');
        return await load();
    }
}
