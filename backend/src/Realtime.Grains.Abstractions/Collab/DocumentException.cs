namespace Realtime.Grains.Abstractions.Collab;

/// <summary>A rule of the document refused a call; the service edge maps <see cref="Kind"/> to a gRPC status.</summary>
[GenerateSerializer]
public sealed class DocumentException : Exception
{
    public DocumentException()
    {
    }

    public DocumentException(string message) : base(message)
    {
    }

    public DocumentException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public DocumentException(DocumentErrorKind kind, string message, string field = "") : base(message)
    {
        Kind = kind;
        Field = field;
    }

    [Id(0)] public DocumentErrorKind Kind { get; init; }

    /// <summary>For <see cref="DocumentErrorKind.Invalid"/>: the request field at fault, relative to the edit ("base_revision", "operation" …).</summary>
    [Id(1)] public string Field { get; init; } = "";
}
