// SPDX-License-Identifier: MIT
// Drives the real sanzaru-qt binary with the official TypeScript MCP SDK over its three transports:
// stdio (`sanzaru-qt mcp`, in-process and relayed), the local Unix socket (newline-delimited JSON over
// net.Socket) and Streamable HTTP (`sanzaru-qt serve --http 0`). Each lists the tools, calls a local tool
// and an API tool against the fake OpenAI server, and checks structuredContent (the SDK also validates it
// against each tool's outputSchema). Exits 0 on success, 1 on any failure — never skips.
//
// Environment: SANZARU_QT_BINARY and FAKE_OPENAI_BINARY (absolute paths of the built binaries).
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadSdk } from './loadsdk.mjs';

const [{ Client }, { StdioClientTransport }, { StreamableHTTPClientTransport }, { ReadBuffer, serializeMessage }] =
    await loadSdk('sdk test', [
        '@modelcontextprotocol/sdk/client/index.js',
        '@modelcontextprotocol/sdk/client/stdio.js',
        '@modelcontextprotocol/sdk/client/streamableHttp.js',
        '@modelcontextprotocol/sdk/shared/stdio.js',
    ]);

function check(condition, message) {
    if (!condition)
        throw new Error(`check failed: ${message}`);
}

function required(name) {
    const value = process.env[name];
    check(value && fs.existsSync(value), `${name} must name a built binary (got ${value})`);
    return value;
}

/// The MCP SDK Transport contract over a Unix socket with the stdio framing (one JSON message per line).
class UnixSocketTransport {
    constructor(socketPath) {
        this.socketPath = socketPath;
        this.buffer = new ReadBuffer();
    }
    async start() {
        this.socket = net.createConnection(this.socketPath);
        this.socket.on('data', (chunk) => {
            this.buffer.append(chunk);
            for (let message; (message = this.buffer.readMessage()) !== null;)
                this.onmessage?.(message);
        });
        this.socket.on('error', (error) => this.onerror?.(error));
        this.socket.on('close', () => this.onclose?.());
        await once(this.socket, 'connect');
    }
    async send(message) {
        if (!this.socket.write(serializeMessage(message)))
            await once(this.socket, 'drain');
    }
    async close() {
        this.socket?.end();
        this.buffer.clear();
    }
}

/// Spawns a helper process and resolves with the value of the first stdout line "NAME=value" for each name.
async function startHelper(command, args, env, names) {
    const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const values = {};
    let stdout = '';
    await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${command} ${args.join(' ')} did not start: ${stderr}`)), 10000);
        child.on('exit', (code) => reject(new Error(`${command} exited with ${code}: ${stderr}`)));
        child.stdout.on('data', (d) => {
            stdout += d;
            for (const line of stdout.split('\n')) {
                const eq = line.indexOf('=');
                if (eq > 0 && names.includes(line.slice(0, eq)))
                    values[line.slice(0, eq)] = line.slice(eq + 1);
            }
            if (names.every((n) => values[n])) {
                clearTimeout(timer);
                resolve();
            }
        });
    });
    return { child, values, stderr: () => stderr };
}

async function exercise(label, transport, fake) {
    const client = new Client({ name: 'sanzaru-qt-sdk-test', version: '1.0.0' });
    await client.connect(transport);
    const server = client.getServerVersion();
    check(server?.name === 'sanzaru-qt', `${label}: serverInfo.name is sanzaru-qt (got ${JSON.stringify(server)})`);

    const { tools } = await client.listTools();
    check(tools.length === 16, `${label}: 16 tools (got ${tools.length})`);
    for (const tool of tools)
        check(tool.inputSchema?.type === 'object', `${label}: ${tool.name} has an object inputSchema`);

    const listed = await client.callTool({ name: 'list_reference_images', arguments: {} });
    check(!listed.isError, `${label}: list_reference_images succeeded: ${JSON.stringify(listed.content)}`);
    const names = listed.structuredContent?.data?.map((entry) => entry.filename) ?? [];
    check(names.includes('pixel.png'), `${label}: list_reference_images lists pixel.png (got ${JSON.stringify(names)})`);
    check(listed.content?.[0]?.type === 'text' && JSON.parse(listed.content[0].text).data.length === names.length,
          `${label}: the text block carries the same JSON`);

    const before = await fake.videoCount();
    const video = await client.callTool({ name: 'create_video', arguments: { prompt: `${label} sunrise`, seconds: '4' } });
    check(!video.isError, `${label}: create_video succeeded: ${JSON.stringify(video.content)}`);
    check(/^video_/.test(video.structuredContent?.id ?? ''), `${label}: create_video returned a video id`);
    check(video.structuredContent?.status === 'queued', `${label}: the new video is queued`);
    check(await fake.videoCount() === before + 1, `${label}: the fake API saw the create request`);

    await client.close();
    console.log(`ok - ${label}`);
}

/// A value the tool accepts for a required parameter (the tests only look for argument errors).
function sampleFor(schema) {
    if (Array.isArray(schema.enum))
        return schema.enum.find((v) => v !== null);
    const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
    if (type === 'array')
        return ['pixel.png'];
    if (type === 'object')
        return Object.fromEntries((schema.required ?? []).map((k) => [k, sampleFor(schema.properties[k])]));
    if (type === 'integer' || type === 'number')
        return 1;
    if (type === 'boolean')
        return false;
    return 'pixel.png';
}

/// Every tool, with every optional argument null: sanzaru accepts that (`X | None = None`) and so do we.
async function nullArguments(label, transport) {
    const client = new Client({ name: 'sanzaru-qt-sdk-test', version: '1.0.0' });
    await client.connect(transport);
    const { tools } = await client.listTools();
    for (const tool of tools) {
        const required = tool.inputSchema.required ?? [];
        const args = {};
        for (const [name, schema] of Object.entries(tool.inputSchema.properties ?? {})) {
            if (required.includes(name)) {
                args[name] = sampleFor(schema);
                continue;
            }
            const types = Array.isArray(schema.type) ? schema.type : [schema.type];
            check(types.includes('null'), `${label}: ${tool.name}.${name} advertises null (type ${JSON.stringify(schema.type)})`);
            args[name] = null;
        }
        if (tool.name === 'create_video' || tool.name === 'generate_image' || tool.name === 'create_image')
            args.prompt = 'null test';
        const result = await client.callTool({ name: tool.name, arguments: args });
        const text = result.content?.[0]?.text ?? '';
        check(!/Invalid arguments|must be of type|must be one of/.test(text),
              `${label}: ${tool.name} with null optionals has no argument error: ${text}`);
    }
    await client.close();
    console.log(`ok - ${label}: ${tools.length} tools with every optional argument null`);
}

/// Video tools against a gateway-shaped provider: pending/processing, float timestamps, size null, extra
/// fields. The SDK validates every structuredContent against the tool's outputSchema and throws otherwise.
async function gatewayVideos(label, transport) {
    const client = new Client({ name: 'sanzaru-qt-sdk-test', version: '1.0.0' });
    await client.connect(transport);
    await client.listTools(); // the SDK validates structuredContent only for tools it has listed
    const call = async (name, args) => {
        const result = await client.callTool({ name, arguments: args });
        check(!result.isError, `${label}: ${name} succeeded: ${JSON.stringify(result.content)}`);
        check(result.structuredContent, `${label}: ${name} has structuredContent`);
        return result.structuredContent;
    };
    const created = await call('create_video', { prompt: 'gateway sunrise', model: 'minimax/h3', seconds: '6', size: null });
    check(created.status === 'pending', `${label}: the gateway's own status word (got ${created.status})`);
    check(!Number.isInteger(created.created_at), `${label}: a float created_at passes through (got ${created.created_at})`);
    const statuses = [];
    for (let i = 0; i < 3; ++i)
        statuses.push((await call('get_video_status', { video_id: created.id })).status);
    check(statuses.join() === 'processing,processing,completed', `${label}: statuses ${statuses.join()}`);
    const downloaded = await call('download_video', { video_id: created.id, filename: null, variant: null });
    check(downloaded.size_bytes > 0, `${label}: the video was downloaded`);
    const listed = await call('list_videos', { limit: null, after: null, order: null });
    check(listed.data.some((v) => v.id === created.id), `${label}: list_videos lists the job`);
    const remixed = await call('remix_video', { previous_video_id: created.id, prompt: 'at dusk' });
    check(remixed.status === 'pending', `${label}: the remix is pending`);
    await call('delete_video', { video_id: created.id });
    await client.close();
    console.log(`ok - ${label}: gateway-shaped answers validate against the advertised output schemas`);
}

async function main() {
    const binary = required('SANZARU_QT_BINARY');
    const fakeBinary = required('FAKE_OPENAI_BINARY');
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sanzaru-sdk-'));
    const media = path.join(work, 'media');
    fs.mkdirSync(path.join(media, 'images'), { recursive: true });
    // A 1x1 PNG for list_reference_images.
    fs.writeFileSync(path.join(media, 'images', 'pixel.png'), Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));
    fs.mkdirSync(path.join(work, 'run'), { mode: 0o700 });

    const helpers = [];
    try {
        const fake = await startHelper(fakeBinary, [], process.env, ['FAKE_OPENAI_URL']);
        helpers.push(fake.child);
        const baseUrl = fake.values.FAKE_OPENAI_URL;
        const fakeApi = {
            async videoCount() {
                const response = await fetch(`${baseUrl}/videos?limit=100`, { headers: { Authorization: 'Bearer sk-test' } });
                return (await response.json()).data.length;
            },
        };
        // What an MCP host passes on, plus this test's settings.
        const env = {
            HOME: work, LOGNAME: process.env.LOGNAME ?? 'user', USER: process.env.USER ?? 'user',
            PATH: process.env.PATH, SHELL: '/bin/sh', TERM: 'dumb',
            SANZARU_QT_SOCKET: path.join(work, 'run', 'mcp.sock'),
            SANZARU_MEDIA_PATH: media, OPENAI_BASE_URL: baseUrl, OPENAI_API_KEY: 'sk-test',
        };

        await exercise('stdio (in-process)', new StdioClientTransport({ command: binary, args: ['mcp'], env, stderr: 'ignore' }), fakeApi);
        await nullArguments('null arguments', new StdioClientTransport({ command: binary, args: ['mcp'], env, stderr: 'ignore' }));

        const gateway = await startHelper(fakeBinary, ['--dialect', 'gateway'], process.env, ['FAKE_OPENAI_URL']);
        helpers.push(gateway.child);
        const gatewayEnv = { ...env, OPENAI_BASE_URL: gateway.values.FAKE_OPENAI_URL,
                             SANZARU_QT_SOCKET: path.join(work, 'run', 'gateway.sock') };
        await gatewayVideos('gateway provider', new StdioClientTransport({ command: binary, args: ['mcp'], env: gatewayEnv, stderr: 'ignore' }));

        const serve = await startHelper(binary, ['serve', '--http', '0'], env, ['MCP_SOCKET', 'MCP_HTTP_URL']);
        helpers.push(serve.child);
        check(serve.values.MCP_SOCKET === env.SANZARU_QT_SOCKET, 'serve listens on SANZARU_QT_SOCKET');

        await exercise('local socket', new UnixSocketTransport(serve.values.MCP_SOCKET), fakeApi);
        const connectionsBefore = serve.stderr().split('MCP client connected').length;
        await exercise('stdio (relayed to serve)', new StdioClientTransport({ command: binary, args: ['mcp'], env, stderr: 'ignore' }), fakeApi);
        check(serve.stderr().split('MCP client connected').length === connectionsBefore + 1,
              'the relayed session was served by the serve process');
        // HTTP needs the install's bearer token, which only its owner can read.
        const printed = spawnSync(binary, ['serve', '--print-token'], { env, encoding: 'utf8' });
        check(printed.status === 0, `serve --print-token exits 0 (got ${printed.status}: ${printed.stderr})`);
        const token = printed.stdout.trim();
        check(/^[0-9a-f]{64}$/.test(token), 'serve --print-token prints the token alone');
        const anonymous = await fetch(serve.values.MCP_HTTP_URL, {
            method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
            body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
        });
        check(anonymous.status === 401 && /^Bearer/.test(anonymous.headers.get('www-authenticate') ?? ''),
              `HTTP without the token gets 401 + WWW-Authenticate: Bearer (got ${anonymous.status})`);
        await exercise('streamable HTTP', new StreamableHTTPClientTransport(new URL(serve.values.MCP_HTTP_URL), {
            requestInit: { headers: { Authorization: `Bearer ${token}` } },
        }), fakeApi);

        serve.child.kill('SIGTERM');
        const [code] = await once(serve.child, 'exit');
        check(code === 0, `serve exits 0 on SIGTERM (got ${code})`);
        check(!fs.existsSync(env.SANZARU_QT_SOCKET), 'serve removed its socket');
    } finally {
        for (const child of helpers) {
            child.stdin?.end();
            if (child.exitCode === null)
                child.kill('SIGTERM');
        }
        fs.rmSync(work, { recursive: true, force: true });
    }
}

main().then(() => process.exit(0), (error) => {
    console.error(`not ok - ${error.stack ?? error}`);
    process.exit(1);
});
