namespace ClerkUserSync.Data;

/// <summary>A row of <c>users</c>.</summary>
public sealed class UserRow
{
    public string Id { get; init; } = "";

    public string? Username { get; init; }

    public string? Email { get; init; }

    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    public string? DisplayName { get; init; }

    public string? ImageUrl { get; init; }

    public string? Phone { get; init; }

    public string? ClerkUsername { get; init; }

    public long? ClerkCreatedAt { get; init; }

    public long ClerkUpdatedAt { get; init; }

    public long? DeletedAt { get; init; }

    public long SyncedAt { get; init; }

    public bool IsDeleted => DeletedAt is not null;
}
