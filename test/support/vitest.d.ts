declare module "vitest" {
  /** Values the vitest configs provide to tests (`inject`). */
  export interface ProvidedContext {
    /** "memory" under `npm run test:fast`: test apps run on the in-memory storage. */
    storage?: "memory";
  }
}
export {};
