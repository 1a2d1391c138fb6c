/**
 * Child process of `npm run bench`: knowledge base load + index time, and
 * search latency over every question of the evaluation set (in scope and out
 * of scope), several passes. Prints one JSON result (see lib/child-io.ts).
 */
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { loadConfig } from "../src/config.ts";
import { thresholdsFrom } from "../src/kb/index.ts";
import { loadKnowledgeBase } from "../src/kb/load.ts";
import { AnswerPolicy } from "../src/kb/answer-policy.ts";
import { KnowledgeSearch } from "../src/kb/search.ts";
import { warmUpSearch } from "../src/kb/warm-up.ts";
import { argNumber, emitResult, ROOT_DIR } from "./lib/child-io.ts";
import { loadQuestions } from "./lib/questions.ts";
import { summarize } from "./lib/stats.ts";

const passes = argNumber("passes", 5);
// As the bot does right after it starts (src/main.ts); `--no-warm-up` measures a search engine no question has met yet.
const warm = !process.argv.includes("--no-warm-up");
const importedAtMs = performance.now();
const config = loadConfig({ KNOWLEDGE_DIR: join(ROOT_DIR, "knowledge") });

// The same two steps as openKnowledge (src/kb/index.ts), timed apart.
const t0 = performance.now();
const kb = loadKnowledgeBase(join(ROOT_DIR, "knowledge"));
const t1 = performance.now();
const search = new KnowledgeSearch(kb, thresholdsFrom(config));
const t2 = performance.now();

// What a user's message costs end to end in the knowledge layer (timed below): small talk, search, and a
// second search of the asking sentence for a long story-then-question message.
const policy = new AnswerPolicy(kb, search);
// The warm-up reads only the knowledge base's titles and written variants, none of the questions timed below.
const warmUp = warm ? await warmUpSearch({ kb, search, policy }) : undefined;

const { inScope, outOfScope } = loadQuestions();
const questions = [...inScope, ...outOfScope];
const all: number[] = [];
const perPass: ReturnType<typeof summarize>[] = [];
for (let pass = 0; pass < passes; pass++) {
  const times: number[] = [];
  for (const q of questions) {
    const s = performance.now();
    search.search(q, 3);
    times.push(performance.now() - s);
  }
  perPass.push(summarize(times));
  all.push(...times);
}

const policyTimes: number[] = [];
for (let pass = 0; pass < passes; pass++) {
  for (const q of questions) {
    const s = performance.now();
    policy.decide(q, 3);
    policyTimes.push(performance.now() - s);
  }
}

emitResult({
  processStartToImportsMs: importedAtMs,
  kbLoadMs: t1 - t0,
  indexMs: t2 - t1,
  loadIndexMs: t2 - t0,
  warmUp,
  topics: kb.topics.length,
  questions: questions.length,
  inScope: inScope.length,
  outOfScope: outOfScope.length,
  passes,
  latency: summarize(all),
  policyLatency: summarize(policyTimes),
  firstPass: perPass[0],
  perPass,
});
