/** Samples the resident set size; peak is the larger of the samples and the kernel's maxRSS. */
export function startRssSampler(everyMs = 25): { stop: () => { peakRssBytes: number; samples: number } } {
  let peak = process.memoryUsage.rss();
  let samples = 1;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
    samples++;
  }, everyMs);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      const kernelPeak = process.resourceUsage().maxRSS * 1024;
      return { peakRssBytes: Math.max(peak, kernelPeak), samples };
    },
  };
}
