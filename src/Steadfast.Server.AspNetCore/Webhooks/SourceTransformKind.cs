namespace Steadfast.Server.AspNetCore.Webhooks;

/// <summary>Which transform a source runs.</summary>
internal enum SourceTransformKind
{
    /// <summary>Inngest's default transform, in C# (<see cref="Clerk.Transforms.DefaultWebhookTransform"/>).</summary>
    Default,

    /// <summary>The built-in Clerk mapping (<see cref="Clerk.Events.ClerkEventMapper"/>).</summary>
    Clerk,

    /// <summary>A user-written JavaScript transform in the Jint sandbox.</summary>
    JavaScript,
}
