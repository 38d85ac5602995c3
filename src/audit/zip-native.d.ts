// zip.js's native build (the runtime's own compression streams, no WebAssembly module that it
// would fetch) has the same API as its main entry, whose types it shares.
declare module '@zip.js/zip.js/index-native.js' {
  export * from '@zip.js/zip.js';
}
