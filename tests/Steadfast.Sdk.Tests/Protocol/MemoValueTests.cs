using System.Text.Json;
using Steadfast.Protocol.Calls;
using Steadfast.Sdk.Tests.Support;

namespace Steadfast.Sdk.Tests.Protocol;

public class MemoValueTests
{
    [Fact]
    public void Parse_DataObject_IsDataWithInnerValue()
    {
        var memo = MemoValue.Parse(Memo.Raw("""{"data":{"x":1}}"""));
        Assert.Equal(MemoKind.Data, memo.Kind);
        Assert.Equal(1, memo.Value.GetProperty("x").GetInt32());
    }

    [Fact]
    public void Parse_TypedDataObject_IsDataWithInnerValue()
    {
        var memo = MemoValue.Parse(Memo.Raw("""{"type":"data","data":5}"""));
        Assert.Equal(MemoKind.Data, memo.Kind);
        Assert.Equal(5, memo.Value.GetInt32());
    }

    [Fact]
    public void Parse_DataNull_IsDataNull()
    {
        var memo = MemoValue.Parse(Memo.Raw("""{"data":null}"""));
        Assert.Equal(MemoKind.Data, memo.Kind);
        Assert.Equal(JsonValueKind.Null, memo.Value.ValueKind);
    }

    [Fact]
    public void Parse_ErrorObject_IsErrorWithSerializedError()
    {
        var memo = MemoValue.Parse(Memo.Raw("""{"error":{"name":"Error","message":"boom"}}"""));
        Assert.Equal(MemoKind.Error, memo.Kind);
        Assert.Equal("boom", memo.Value.GetProperty("message").GetString());
    }

    [Fact]
    public void Parse_InputObject_IsInput()
    {
        var memo = MemoValue.Parse(Memo.Raw("""{"input":[1,2]}"""));
        Assert.Equal(MemoKind.Input, memo.Kind);
        Assert.Equal(2, memo.Value.GetArrayLength());
    }

    [Fact]
    public void Parse_RawEventObject_IsDataWithWholeObject()
    {
        var memo = MemoValue.Parse(Memo.Raw("""{"name":"test/resume","data":{"id":1},"id":"e1","ts":1,"user":{}}"""));
        Assert.Equal(MemoKind.Data, memo.Kind);
        Assert.Equal("test/resume", memo.Value.GetProperty("name").GetString());
    }

    [Fact]
    public void Parse_Null_IsDataNull()
    {
        var memo = MemoValue.Parse(Memo.Null);
        Assert.Equal(MemoKind.Data, memo.Kind);
        Assert.Equal(JsonValueKind.Null, memo.Value.ValueKind);
    }

    [Theory]
    [InlineData("""{"data":1,"extra":2}""")]
    [InlineData("""{"type":"other","data":1}""")]
    [InlineData("""{"error":{},"data":1}""")]
    public void Parse_NotStrictShape_IsRawData(string json)
    {
        var memo = MemoValue.Parse(Memo.Raw(json));
        Assert.Equal(MemoKind.Data, memo.Kind);
        Assert.Equal(JsonValueKind.Object, memo.Value.ValueKind);
        Assert.True(memo.Value.TryGetProperty("data", out _));
    }

    [Fact]
    public void Parse_Scalar_IsRawData()
    {
        var memo = MemoValue.Parse(Memo.Raw("42"));
        Assert.Equal(MemoKind.Data, memo.Kind);
        Assert.Equal(42, memo.Value.GetInt32());
    }
}
