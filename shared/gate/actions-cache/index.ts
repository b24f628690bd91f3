// @actions/cache as the gate loads it: bundled on its own as an ES module (dist/security-gate/
// actions-cache/) and imported by path, only when the cache is used. The action's bundle is
// CommonJS, and webpack cannot put this library into CommonJS: the crc64 module of its Azure client
// declares its own `require`, and webpack's stand-in for import.meta.url calls `require` — that one.
export { isFeatureAvailable, restoreCache, saveCache } from '@actions/cache';
