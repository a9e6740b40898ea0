using MimeKit;

namespace ClerkUserSync.Mail;

/// <summary>
/// Writes each message as <c>{message-id}.eml</c> in a directory. The name comes from the deterministic Message-Id
/// (<c>welcome.user_123@...</c>), so a retried step rewrites the same file instead of adding a second mail; the file
/// appears atomically (written beside it, then moved).
/// </summary>
public sealed class EmlDirectoryTransport(string directory) : IMailTransport
{
    public string Directory { get; } = Path.GetFullPath(directory);

    public string Description => $".eml files in {Directory}";

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        System.IO.Directory.CreateDirectory(Directory);
        var name = string.Concat((message.MessageId ?? throw new ArgumentException("the message needs a Message-Id", nameof(message))).Split(Path.GetInvalidFileNameChars())).Replace('@', '_');
        var path = Path.Combine(Directory, name + ".eml");
        var temp = path + ".tmp";
        await message.WriteToAsync(temp, cancellationToken);
        File.Move(temp, path, overwrite: true);
    }
}
