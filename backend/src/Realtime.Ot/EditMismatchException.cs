namespace Realtime.Ot;

/// <summary>An operation does not fit the document or operation it was applied, composed or transformed with.</summary>
public sealed class EditMismatchException(string message) : Exception(message);
