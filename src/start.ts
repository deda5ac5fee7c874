#!/usr/bin/env node
// The command's entry. From Node 22.1, V8's compiled code of the bundle is kept in Node's compile
// cache (a directory under the OS temp dir; NODE_DISABLE_COMPILE_CACHE=1 turns it off), so a start
// after the first skips most of the parsing and compiling. The cache is switched on before the
// rest of the command is imported, which is why this file imports it dynamically. Node 20 has no
// such cache and starts as before.
import module from 'node:module';

(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
await import('./cli.js');
