// Integration fixtures are started lazily by test/support/platform.ts; nothing global yet.
export default function setup(): void {}
