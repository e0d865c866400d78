// Preloaded with `node --import` by `test/cli/v8-tuning.test.ts`: records the flags the process
// gives `v8.setFlagsFromString` (still setting them), and prints them to stderr at exit, so that a
// test sees what the real `bin/meshc.js` entry tunes.
import { syncBuiltinESMExports } from 'node:module';
import v8 from 'node:v8';

const set = v8.setFlagsFromString;
const flags = [];
v8.setFlagsFromString = (flag) => {
  flags.push(flag);
  set(flag);
};
// Imports of `node:v8` bound after this see the wrapper too.
syncBuiltinESMExports();
process.on('exit', () => process.stderr.write(`v8 flags set: [${flags.join(' ')}]\n`));
