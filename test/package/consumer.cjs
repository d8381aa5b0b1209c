// The README's way in from CommonJS, run inside a staged install (stage.ts): a dynamic import.
async function main() {
  const { createClient } = await import('wechat-rx');
  globalThis.process.stdout.write(typeof createClient);
}
main();
