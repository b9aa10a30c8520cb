// SPDX-License-Identifier: MIT
// The MCP Apps media viewer with the official TypeScript MCP SDK client against the real binary, as an
// MCP-App host would use it: list and read ui://sanzaru/media-viewer.html, find it in view_media's
// _meta.ui.resourceUri, call view_media, then drive _get_media_data chunk by chunk and check the
// reassembled file is byte-identical (SHA-256) to the original. Over stdio and Streamable HTTP; over HTTP
// also GET /media/video/<file> with a Range header (206 + the right bytes) and without the token (401).
// The viewer page's own script also runs (node:vm, a minimal DOM) against a test host that forwards its
// tools/call requests to the server: its blob must equal the file, and a missing file must show an error.
// Exits 0 on success, 1 on any failure — never skips.
//
// Environment: SANZARU_QT_BINARY (absolute path of the built binary).
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSdk } from './loadsdk.mjs';
import { resolveObjectURL } from 'node:buffer';
import vm from 'node:vm';

const [{ Client }, { StdioClientTransport }, { StreamableHTTPClientTransport }] = await loadSdk('mcpapp test', [
    '@modelcontextprotocol/sdk/client/index.js',
    '@modelcontextprotocol/sdk/client/stdio.js',
    '@modelcontextprotocol/sdk/client/streamableHttp.js',
]);

const viewerUri = 'ui://sanzaru/media-viewer.html';
const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');

function check(condition, message) {
    if (!condition)
        throw new Error(`check failed: ${message}`);
}

async function viewer(label, transport, original) {
    const client = new Client({ name: 'sanzaru-qt-mcpapp-test', version: '1.0.0' });
    await client.connect(transport);
    check(client.getServerCapabilities()?.resources, `${label}: the server offers resources`);

    const { resources } = await client.listResources();
    const listed = resources.find((r) => r.uri === viewerUri);
    check(listed, `${label}: resources/list has ${viewerUri} (got ${JSON.stringify(resources)})`);
    check(listed.mimeType === 'text/html;profile=mcp-app', `${label}: the viewer's mimeType (got ${listed.mimeType})`);
    check(listed._meta?.ui?.prefersBorder === true, `${label}: _meta.ui.prefersBorder`);
    check(JSON.stringify(listed._meta?.ui?.csp?.resourceDomains) === '["blob:"]', `${label}: _meta.ui.csp.resourceDomains`);

    const read = await client.readResource({ uri: viewerUri });
    const page = read.contents?.[0];
    check(page?.uri === viewerUri && page.mimeType === 'text/html;profile=mcp-app', `${label}: resources/read content`);
    check(/^<!doctype html>/i.test(page.text) && page.text.includes('ui/initialize') && page.text.includes('_get_media_data'),
          `${label}: the page speaks the MCP Apps protocol and the chunk protocol`);
    let missing = null;
    try {
        await client.readResource({ uri: 'ui://sanzaru/missing.html' });
    } catch (error) {
        missing = error;
    }
    check(missing?.code === -32002 && missing?.data?.uri === 'ui://sanzaru/missing.html',
          `${label}: an unknown resource is -32002 with its uri (got ${missing?.code} ${JSON.stringify(missing?.data)})`);

    const { tools } = await client.listTools();
    const viewMedia = tools.find((t) => t.name === 'view_media');
    check(viewMedia?._meta?.ui?.resourceUri === viewerUri, `${label}: view_media names the viewer in _meta.ui.resourceUri`);

    const viewed = await client.callTool({ name: 'view_media', arguments: { media_type: 'video', filename: 'clip.mp4' } });
    check(!viewed.isError && viewed.structuredContent?.size_bytes === original.length,
          `${label}: view_media describes clip.mp4: ${JSON.stringify(viewed.content)}`);

    // What the viewer does: chunks until is_last (1 MiB here, so several round trips).
    const parts = [];
    let offset = 0;
    for (let round = 0; round < 100; ++round) {
        const result = await client.callTool({ name: '_get_media_data', arguments: {
            media_type: 'video', filename: 'clip.mp4', offset, chunk_size: 1024 * 1024 } });
        check(!result.isError, `${label}: _get_media_data at ${offset}: ${JSON.stringify(result.content)}`);
        const chunk = result.structuredContent;
        check(chunk.offset === offset && chunk.total_size === original.length && chunk.mime_type === 'video/mp4',
              `${label}: chunk fields at ${offset}`);
        parts.push(Buffer.from(chunk.data, 'base64'));
        offset += chunk.chunk_size;
        if (chunk.is_last)
            break;
    }
    const assembled = Buffer.concat(parts);
    check(sha256(assembled) === sha256(original), `${label}: the reassembled file is byte-identical (SHA-256)`);
    await client.close();
    console.log(`ok - ${label}: viewer listed and read; ${parts.length} chunks reassembled ${assembled.length} bytes, sha256 ${sha256(assembled).slice(0, 16)}…`);
}

/// Runs the viewer page's script in a minimal DOM and plays the MCP-App host for it: answers ui/initialize,
/// sends the tool input and result, and forwards the page's tools/call requests to the server through the
/// SDK client. Resolves with the page's state once it shows media or an error.
async function hostViewer(client, html, input) {
    const script = /<script>([\s\S]*)<\/script>/.exec(html)[1];
    const elements = new Map();
    const element = (tag) => ({ tagName: tag, hidden: false, textContent: '', value: 0, children: [],
        replaceChildren(...children) { this.children = children; } });
    for (const id of ['name', 'status', 'progress', 'error', 'media'])
        elements.set(id, element('div'));
    elements.get('progress').hidden = elements.get('error').hidden = true; // as in the page's markup
    let listener = null;
    let settle;
    const done = new Promise((resolve) => { settle = resolve; });
    const progress = [];
    // The host's own calls to the server: the page may show its answer (e.g. an error from
    // _get_media_data) while view_media is still under way, and the caller closes the client next.
    const inFlight = new Set();
    const track = (promise) => {
        inFlight.add(promise);
        return promise.finally(() => inFlight.delete(promise));
    };
    const host = {
        postMessage(message) { setImmediate(() => onAppMessage(message)); },
    };
    const sendToApp = (message) => setImmediate(() => listener({ source: host, data: { jsonrpc: '2.0', ...message } }));
    async function onAppMessage(m) {
        if (m.method === 'ui/initialize') {
            check(m.params?.protocolVersion && m.params?.appInfo?.name, 'the page sends ui/initialize with its appInfo');
            return sendToApp({ id: m.id, result: { protocolVersion: m.params.protocolVersion,
                hostInfo: { name: 'test-host', version: '1' }, hostCapabilities: {}, hostContext: {} } });
        }
        if (m.method === 'ui/notifications/initialized') {
            sendToApp({ method: 'ui/notifications/tool-input', params: { arguments: input } });
            const result = await track(client.callTool({ name: 'view_media', arguments: input }));
            return sendToApp({ method: 'ui/notifications/tool-result', params: result });
        }
        if (m.method === 'tools/call') {
            check(m.params.name === '_get_media_data', `the page calls _get_media_data (got ${m.params.name})`);
            progress.push(elements.get('progress').value);
            try {
                return sendToApp({ id: m.id, result: await track(client.callTool(m.params)) });
            } catch (error) {
                return sendToApp({ id: m.id, error: { code: error.code ?? -32603, message: error.message } });
            }
        }
    }
    const window = { parent: host, addEventListener: (type, fn) => { if (type === 'message') listener = fn; } };
    const document = { getElementById: (id) => elements.get(id), createElement: element };
    const watch = setInterval(() => {
        if (elements.get('media').children.length || !elements.get('error').hidden)
            settle();
    }, 5);
    vm.runInNewContext(script, { window, document, URL, Blob, atob, setTimeout, console });
    await done;
    clearInterval(watch);
    await Promise.allSettled([...inFlight]);
    return { elements, progress };
}

async function viewerPage(label, transport, original) {
    const client = new Client({ name: 'sanzaru-qt-mcpapp-host', version: '1.0.0' });
    await client.connect(transport);
    const html = (await client.readResource({ uri: viewerUri })).contents[0].text;
    const shown = await hostViewer(client, html, { media_type: 'video', filename: 'clip.mp4' });
    check(shown.elements.get('error').hidden, `${label}: no error (got ${shown.elements.get('error').textContent})`);
    const video = shown.elements.get('media').children[0];
    check(video.tagName === 'video' && video.controls === true && video.src.startsWith('blob:'),
          `${label}: the page shows a <video controls> from a blob: URL`);
    const blob = resolveObjectURL(video.src);
    check(blob.type === 'video/mp4', `${label}: the blob's type is video/mp4 (got ${blob.type})`);
    const bytes = Buffer.from(await blob.arrayBuffer());
    check(sha256(bytes) === sha256(original), `${label}: the page's blob is byte-identical to the file`);
    check(shown.elements.get('status').textContent === '' && shown.elements.get('progress').hidden,
          `${label}: progress is cleared when the video shows`);

    const failed = await hostViewer(client, html, { media_type: 'video', filename: 'missing.mp4' });
    const error = failed.elements.get('error');
    check(!error.hidden && /missing\.mp4/.test(error.textContent) && /not found/i.test(error.textContent),
          `${label}: a missing file shows an error (got ${error.textContent})`);
    await client.close();
    console.log(`ok - ${label}: the viewer page, hosted, assembled the video (${bytes.length} bytes) and reported a missing file`);
}

async function mediaRoute(baseUrl, token, original) {
    const url = `${baseUrl}/media/video/clip.mp4`;
    const anonymous = await fetch(url);
    check(anonymous.status === 401, `GET /media without the token is 401 (got ${anonymous.status})`);
    const ranged = await fetch(url, { headers: { Authorization: `Bearer ${token}`, Range: 'bytes=1000-1999' } });
    check(ranged.status === 206, `GET /media with Range is 206 (got ${ranged.status})`);
    check(ranged.headers.get('content-range') === `bytes 1000-1999/${original.length}`,
          `Content-Range (got ${ranged.headers.get('content-range')})`);
    const bytes = Buffer.from(await ranged.arrayBuffer());
    check(bytes.equals(original.subarray(1000, 2000)), 'the 206 carries bytes 1000-1999');
    const whole = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
    check(whole.status === 200 && whole.headers.get('content-type') === 'video/mp4', 'GET /media whole file');
    check(sha256(Buffer.from(await whole.arrayBuffer())) === sha256(original), 'GET /media whole file is byte-identical');
    console.log('ok - HTTP GET /media/video/clip.mp4: 401 without the token, 206 with Range, 200 whole');
}

async function main() {
    const binary = process.env.SANZARU_QT_BINARY;
    check(binary && fs.existsSync(binary), `SANZARU_QT_BINARY must name the built binary (got ${binary})`);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sanzaru-mcpapp-'));
    const media = path.join(work, 'media');
    fs.mkdirSync(path.join(media, 'videos'), { recursive: true });
    fs.mkdirSync(path.join(media, 'images'), { recursive: true });
    fs.mkdirSync(path.join(work, 'run'), { mode: 0o700 });
    const original = crypto.randomBytes(3 * 1024 * 1024 + 4321);
    fs.writeFileSync(path.join(media, 'videos', 'clip.mp4'), original);
    const env = {
        HOME: work, LOGNAME: process.env.LOGNAME ?? 'user', USER: process.env.USER ?? 'user',
        PATH: process.env.PATH, SHELL: '/bin/sh', TERM: 'dumb',
        SANZARU_QT_SOCKET: path.join(work, 'run', 'mcp.sock'),
        SANZARU_MEDIA_PATH: media, OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_API_KEY: 'sk-test',
    };
    let serve = null;
    try {
        await viewer('stdio', new StdioClientTransport({ command: binary, args: ['mcp'], env, stderr: 'ignore' }), original);
        await viewerPage('viewer page', new StdioClientTransport({ command: binary, args: ['mcp'], env, stderr: 'ignore' }), original);

        serve = spawn(binary, ['serve', '--http', '0'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
        let stdout = '';
        const mcpUrl = await new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error('serve did not print MCP_HTTP_URL')), 10000);
            serve.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
            serve.stdout.on('data', (d) => {
                stdout += d;
                const match = /^MCP_HTTP_URL=(\S+)$/m.exec(stdout);
                if (match) {
                    clearTimeout(timer);
                    resolve(match[1]);
                }
            });
        });
        const printed = spawnSync(binary, ['serve', '--print-token'], { env, encoding: 'utf8' });
        check(printed.status === 0, `serve --print-token exits 0 (got ${printed.status})`);
        const token = printed.stdout.trim();
        await viewer('streamable HTTP', new StreamableHTTPClientTransport(new URL(mcpUrl), {
            requestInit: { headers: { Authorization: `Bearer ${token}` } } }), original);
        await mediaRoute(new URL(mcpUrl).origin, token, original);
    } finally {
        if (serve && serve.exitCode === null) {
            serve.kill('SIGTERM');
            await once(serve, 'exit');
        }
        fs.rmSync(work, { recursive: true, force: true });
    }
}

main().then(() => process.exit(0), (error) => {
    console.error(`not ok - ${error.stack ?? error}`);
    process.exit(1);
});
