using CsCheck;
using Realtime.Ot;
using Realtime.Protos;
using Realtime.Protos.Collab.V1;

namespace Realtime.Client.Tests;

/// <summary>
/// Several <see cref="DocumentSync"/> clients against a minimal server that orders and transforms
/// edits as the document grain does, with every message delivered after a random delay (random
/// interleaving of local edits, uploads and downloads): all copies must end equal to the server's.
/// </summary>
[Trait("Tier", "unit")]
public sealed class DocumentSyncSimulationTests
{
    private static readonly string[] Pieces = ["a", "b", "😀", "é", "𝄞"];

    [Fact]
    public void Clients_converge_with_the_server_under_any_interleaving() =>
        Gen.Int.Sample(seed => Simulate(new Random(seed), clients: 3, localEdits: 25), iter: 300);

    [Fact]
    public void A_resubmitted_outstanding_edit_is_applied_once()
    {
        var server = new SimulatedServer("ab");
        var client = new DocumentSync("d", "e", 0, "ab");
        var sent = client.ApplyLocal(TextOperation.InsertAt(2, 1, "X"))!;

        server.Receive(sent);
        server.Receive(client.Submission()!);
        foreach (var edit in server.Log)
        {
            client.ApplyServer(edit);
        }

        Assert.Equal("aXb", server.Text);
        Assert.Equal(("aXb", true), (client.Text, client.IsSynced));
    }

    [Fact]
    public void Undo_takes_back_the_own_edit_and_keeps_what_others_typed_meanwhile()
    {
        var server = new SimulatedServer("abc");
        var alice = new DocumentSync("d", "e", 0, "abc");
        var bob = new DocumentSync("d", "e", 0, "abc");
        server.Receive(alice.ApplyLocal(TextOperation.InsertAt(3, 3, "X"))!);
        server.Receive(bob.ApplyLocal(TextOperation.InsertAt(3, 0, "😀"))!);
        Deliver(server, alice, bob);

        var (undone, undo) = alice.Undo();
        server.Receive(undo!);
        Deliver(server, alice, bob);

        Assert.True(undone);
        Assert.Equal("😀abc", server.Text);
        Assert.Equal(("😀abc", "😀abc"), (alice.Text, bob.Text));
        Assert.False(alice.Undo().Undone);
    }

    private static void Deliver(SimulatedServer server, params DocumentSync[] clients)
    {
        foreach (var client in clients)
        {
            while (client.Revision < server.Log.Count)
            {
                if (client.ApplyServer(server.Log[(int)client.Revision]).Next is { } next)
                {
                    server.Receive(next);
                }
            }
        }
    }

    private static void Simulate(Random random, int clients, int localEdits)
    {
        var server = new SimulatedServer("start");
        var syncs = Enumerable.Range(0, clients).Select(_ => new DocumentSync("d", "e", 0, "start")).ToArray();
        var uploads = syncs.Select(_ => new Queue<SubmitEdit>()).ToArray();
        var downloaded = new int[clients];
        var editsLeft = localEdits;
        while (editsLeft > 0 || uploads.Any(q => q.Count > 0) || downloaded.Any(d => d < server.Log.Count))
        {
            var client = random.Next(clients);
            switch (random.Next(4))
            {
                case 0 when editsLeft > 0:
                    editsLeft--;
                    if (syncs[client].ApplyLocal(RandomEdit(random, syncs[client].Length)) is { } submit)
                    {
                        uploads[client].Enqueue(submit);
                    }
                    break;
                case 1 when uploads[client].Count > 0:
                    server.Receive(uploads[client].Dequeue());
                    break;
                case 3 when editsLeft > 0:
                    editsLeft--;
                    if (syncs[client].Undo().Next is { } undo)
                    {
                        uploads[client].Enqueue(undo);
                    }
                    break;
                case 2 when downloaded[client] < server.Log.Count:
                    var (_, next) = syncs[client].ApplyServer(server.Log[downloaded[client]++]);
                    if (next is not null)
                    {
                        uploads[client].Enqueue(next);
                    }
                    break;
            }
        }
        Assert.All(syncs, sync => Assert.Equal((server.Text, server.Log.Count), (sync.Text, (int)sync.Revision)));
        Assert.All(syncs, sync => Assert.True(sync.IsSynced));
    }

    private static TextOperation RandomEdit(Random random, int length)
    {
        var start = random.Next(length + 1);
        return random.Next(3) == 0 && start < length
            ? TextOperation.DeleteRange(length, start, Math.Min(length, start + random.Next(1, 3)))
            : TextOperation.InsertAt(length, start, Pieces[random.Next(Pieces.Length)]);
    }

    /// <summary>Orders edits, transforms late ones against everything since their base, applies each client edit id once.</summary>
    private sealed class SimulatedServer(string text)
    {
        private readonly List<TextOperation> _operations = [];
        private readonly HashSet<string> _applied = [];

        public string Text { get; private set; } = text;

        public List<DocumentEdit> Log { get; } = [];

        public void Receive(SubmitEdit submit)
        {
            if (!_applied.Add(submit.ClientEditId))
            {
                return;
            }
            var operation = submit.Operation.ToTextOperation();
            foreach (var applied in _operations.Skip((int)submit.BaseRevision))
            {
                (operation, _) = TextOperation.Transform(operation, applied);
            }
            Text = operation.Apply(Text);
            _operations.Add(operation);
            Log.Add(new DocumentEdit { DocumentId = "d", Epoch = "e", Revision = Log.Count + 1, ClientEditId = submit.ClientEditId, Operation = operation.ToWire() });
        }
    }
}
