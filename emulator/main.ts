/**
 * The emulator as a program (`npm run emulator`, options by environment) and as dist/emulator.js, the module the
 * CLI's --emulator, the demo and the benchmark load. The extension never carries it.
 */
import { GoogleEmulator } from './server';

export * from './server';

async function main(): Promise<void> {
  const emulator = await GoogleEmulator.start({
    port: Number(process.env.EMULATOR_PORT ?? 0),
    pollInterval: process.env.EMULATOR_POLL_INTERVAL ?? '2s',
    bulkItems: Number(process.env.EMULATOR_BULK_ITEMS ?? 0),
    log: (line) => console.log(line),
  });
  console.log(`Google emulator listening on ${emulator.origin}`);
  console.log(`  GOOGLE_PHOTOS_PICKER_API=${emulator.origin}`);
  console.log(`  GOOGLE_PHOTOS_ACCESS_TOKEN=${emulator.issueAccessToken(24 * 3600)}`);
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) void main();
