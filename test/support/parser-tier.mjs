// `node parser-tier.mjs [small-heap]`: compiles undici's HTTP parser (WebAssembly) as undici does,
// runs it hot, and prints which V8 compiler its entry point ended on, as a JSON line. With
// `small-heap`, the built `favourSmallHeap` sets its V8 flags first, as the stdio command does.
// The flags act only when the parser would be recompiled, which nothing else shows.
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import v8 from 'node:v8';

if (process.argv[2] === 'small-heap') (await import('../../dist/small-heap.js')).favourSmallHeap();
v8.setFlagsFromString('--allow-natives-syntax');
const isTurboFan = new Function('f', 'return %IsTurboFanFunction(f)');
const isLiftoff = new Function('f', 'return %IsLiftoffFunction(f)');

const wireBytes = createRequire(import.meta.url)('undici/lib/llhttp/llhttp-wasm.js');
const module = new WebAssembly.Module(wireBytes);
const env = Object.fromEntries(WebAssembly.Module.imports(module).map(({ name }) => [name, () => 0]));
const parser = new WebAssembly.Instance(module, { env }).exports;

const RESPONSE = 2; // llhttp's HTTP_RESPONSE
const answer = Buffer.from('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}');
const handle = parser.llhttp_alloc(RESPONSE);
const at = parser.malloc(answer.length);
new Uint8Array(parser.memory.buffer, at, answer.length).set(answer);
let errors = 0;
for (let i = 0; i < 3_000; i++) if (parser.llhttp_execute(handle, at, answer.length) !== 0) errors++;

// V8 recompiles in the background: give it up to WAIT_MS to show, polling.
const waitMs = Number(process.env.WAIT_MS ?? 3_000);
for (let waited = 0; waited < waitMs && !isTurboFan(parser.llhttp_execute); waited += 50) await sleep(50);
const execute = parser.llhttp_execute;
console.log(JSON.stringify({ errors, turboFan: isTurboFan(execute), liftoff: isLiftoff(execute) }));
