using Realtime.Benchmarks;

return args.FirstOrDefault() switch
{
    "ot" => OtBenchmark.Run(),
    "document-grain" => await DocumentGrainBenchmark.RunAsync(),
    "directory" => await DirectoryBenchmark.RunAsync(args.Skip(1).FirstOrDefault()),
    "game-sessions" => await GameSessionsBenchmark.RunAsync([.. args.Skip(1).Select(int.Parse).DefaultIfEmpty(50)]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: ot | document-grain | directory [REDIS] | game-sessions [N …]   (run with -c Release)");
    return 2;
}
