using System.Text.Json;

namespace Steadfast.Expressions.Runtime;

/// <summary>A JSON array seen as a CEL list; elements are converted when read.</summary>
internal sealed class JsonList(JsonElement array) : CelList
{
    public override int Count => array.GetArrayLength();

    public override CelValue this[int index] => CelValue.FromJson(array[index]);
}
