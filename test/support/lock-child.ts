/**
 * A contender for the data folder lock (test/durability/lock.test.ts): waits
 * for "go" on stdin so that two can be released at the same moment, tries
 * once, prints GOT or REFUSED, and holds what it got until stdin closes
 * (so that a slow contender cannot find the lock of one that already left).
 */
import { lockDataDir } from "../../src/store/lowdb/lock.ts";

process.stdin.once("data", () => {
  try {
    lockDataDir(process.argv[2] as string);
    console.log("GOT");
  } catch {
    console.log("REFUSED");
  }
  process.stdin.once("end", () => process.exit(0));
});
console.log("READY");
