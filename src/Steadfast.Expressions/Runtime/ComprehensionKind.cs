namespace Steadfast.Expressions.Runtime;

internal enum ComprehensionKind
{
    All,
    Exists,
    ExistsOne,
    Map,
    Filter,
}
