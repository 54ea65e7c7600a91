using Realtime.Benchmarks;

return args.FirstOrDefault() switch
{
    "ot" => OtBenchmark.Run(),
    "document-grain" => await DocumentGrainBenchmark.RunAsync(),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: ot | document-grain   (run with -c Release)");
    return 2;
}
