import { underReaders } from './test/bench/ingest.ts';
console.log(JSON.stringify(await underReaders()));
process.exit(0);
