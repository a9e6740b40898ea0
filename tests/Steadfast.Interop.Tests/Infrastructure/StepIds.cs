using System.Security.Cryptography;
using System.Text;

namespace Steadfast.Interop.Tests.Infrastructure;

/// <summary>Hashed step ids as the SDK computes them (reference §4.3).</summary>
public static class StepIds
{
    public static string Hash(string id) => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(id)));
}
