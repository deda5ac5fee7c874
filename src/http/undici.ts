// What the client uses of undici, as static named imports: loaded through a dynamic import of
// this module (dispatcher.ts), which a bundler keeps as a separate chunk. Importing the CommonJS
// package dynamically itself would leave the named exports behind in a bundle.
export { Agent, FormData, request } from 'undici';
