// The renderer's thread when running from the TypeScript source (tsx, tests): registers tsx's loader, then loads the worker.
import { register } from "tsx/esm/api";

register();
await import("./render-worker.ts");
