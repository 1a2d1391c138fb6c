// A CLI whose body waits on a promise that can never settle (test/cli/run-cli.test.ts).
import { runCli } from "../../src/cli/run-cli.ts";

runCli(() => new Promise<void>(() => {}));
