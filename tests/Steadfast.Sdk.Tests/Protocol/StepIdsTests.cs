using Steadfast.Protocol.Ids;
using Steadfast.Sdk.Tests.Support;

namespace Steadfast.Sdk.Tests.Protocol;

public class StepIdsTests
{
    [Theory]
    [InlineData("a", "86f7e437faa5a7fce15d1ddcb9eaeaea377667b8")]
    [InlineData("my-step-id", "e7d8a2f140845095749d60246ff1110c9d01d76a")]
    [InlineData("b", "e9d71f5ee7c92d6dc9e92ffdad17b8bd49418f98")]
    [InlineData("c", "84a516841ba77a5b4648de2cd0dfcb30ea46dbb4")]
    [InlineData("complete", "0737c22d3bfae812339732d14d8c7dbd6dc4e09c")]
    public void Hash_KnownIds_MatchReferenceSha1(string userId, string expected) =>
        Assert.Equal(expected, StepIds.Hash(userId));

    [Fact]
    public void Hash_LongNonAsciiId_HashesUtf8Bytes()
    {
        var id = new string('é', 400);
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(id)));
        Assert.Equal(expected, StepIds.Hash(id));
    }

    [Theory]
    [InlineData(0, "loop")]
    [InlineData(1, "loop:1")]
    [InlineData(2, "loop:2")]
    public void WithCollisionIndex_Repeats_SuffixCountOfPreviousUses(int index, string expected) =>
        Assert.Equal(expected, StepIds.WithCollisionIndex("loop", index));

    [Fact]
    public async Task Run_SameIdThreeTimes_HashesLoopLoop1Loop2WithUserlandIndex()
    {
        var fn = Functions.Create(async ctx =>
        {
            for (var i = 0; i < 3; i++)
            {
                await ctx.Step.Run("loop", () => i);
            }

            return null;
        });
        var steps = new Dictionary<string, System.Text.Json.JsonElement>();
        var seen = new List<(string Id, int Index)>();
        for (var call = 0; call < 3; call++)
        {
            var response = await Calls.Invoke(fn, steps);
            var op = Assert.Single(response.Ops);
            seen.Add((op.Id, op.Userland!.Index));
            Assert.Equal("loop", op.Userland.Id);
            steps[op.Id] = Memo.Data(call);
        }

        Assert.Equal(
            [(StepIds.Hash("loop"), 0), (StepIds.Hash("loop:1"), 1), (StepIds.Hash("loop:2"), 2)],
            seen);
    }
}
