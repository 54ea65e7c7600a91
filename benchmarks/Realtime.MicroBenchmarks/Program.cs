using BenchmarkDotNet.Running;
using Realtime.MicroBenchmarks;

// Hot-path units under BenchmarkDotNet; see benchmarks/README.md for how to run them.
// Fails (exit 1) when nothing ran or any benchmark failed, so the suite's dry run can tell.
var summaries = BenchmarkSwitcher.FromAssembly(typeof(FrameWriteBenchmarks).Assembly).Run(args).ToList();
var failed = summaries.Count == 0 || summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Length == 0 || s.Reports.Any(r => !r.Success));
return failed ? 1 : 0;
