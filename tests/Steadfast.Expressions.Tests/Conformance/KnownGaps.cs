namespace Steadfast.Expressions.Tests.Conformance;

/// <summary>cel-spec cases outside Steadfast's CEL subset, with the reason for each.</summary>
internal static class KnownGaps
{
    private const string ProtoMessages = "protobuf message construction (Foo{...}) and wrapper types are not supported: Steadfast evaluates over JSON";
    private const string UndeclaredFunctions = "unknown functions are rejected at compile time on purpose (typos surface at function sync, not as silent false)";
    private const string QualifiedVariables = "dotted variable names (a variable literally named 'a.b.c') are not supported; only event, async and plain names";
    private const string Nanoseconds = "timestamps and durations are held as .NET ticks (100 ns), so nanosecond digits are dropped";
    private const string GoDurationRange = "durations use CEL's ±10,000-year range, not Go's ±292-year time.Duration range that cel-go errors on";

    public static readonly IReadOnlyDictionary<string, string> Reasons = new Dictionary<string, string>
    {
        ["basic.textproto/functions/unbound_is_runtime_error"] = UndeclaredFunctions,
        ["comparisons.textproto/eq_literal/eq_dyn_json_null"] = ProtoMessages,
        ["comparisons.textproto/eq_wrapper/eq_bool"] = ProtoMessages,
        ["comparisons.textproto/eq_wrapper/eq_bool_empty"] = ProtoMessages,
        ["comparisons.textproto/eq_wrapper/eq_bool_not_null"] = ProtoMessages,
        ["comparisons.textproto/eq_wrapper/eq_bytes"] = ProtoMessages,
        ["comparisons.textproto/eq_wrapper/eq_bytes_empty"] = ProtoMessages,
        ["comparisons.textproto/eq_wrapper/eq_bytes_not_null"] = ProtoMessages,
        ["comparisons.textproto/eq_wrapper/eq_double"] = ProtoMessages,
        ["comparisons.textproto/eq_wrapper/eq_double_empty"] = ProtoMessages,
        ["comparisons.textproto/eq_wrapper/eq_double_not_null"] = ProtoMessages,
        ["comparisons.textproto/eq_wrapper/eq_float"] = ProtoMessages,
        ["comparisons.textproto/eq_wrapper/eq_float_empty"] = ProtoMessages,
        ["comparisons.textproto/eq_wrapper/eq_float_not_null"] = ProtoMessages,
        ["comparisons.textproto/eq_wrapper/eq_int32"] = ProtoMessages,
        ["comparisons.textproto/eq_wrapper/eq_int32_empty"] = ProtoMessages,
        ["comparisons.textproto/eq_wrapper/eq_int32_not_null"] = ProtoMessages,
        ["comparisons.textproto/eq_wrapper/eq_int64"] = ProtoMessages,
        ["comparisons.textproto/eq_wrapper/eq_int64_empty"] = ProtoMessages,
        ["comparisons.textproto/eq_wrapper/eq_int64_not_null"] = ProtoMessages,
        ["comparisons.textproto/eq_wrapper/eq_string"] = ProtoMessages,
        ["comparisons.textproto/eq_wrapper/eq_string_empty"] = ProtoMessages,
        ["comparisons.textproto/eq_wrapper/eq_string_not_null"] = ProtoMessages,
        ["comparisons.textproto/eq_wrapper/eq_uint32"] = ProtoMessages,
        ["comparisons.textproto/eq_wrapper/eq_uint32_empty"] = ProtoMessages,
        ["comparisons.textproto/eq_wrapper/eq_uint32_not_null"] = ProtoMessages,
        ["comparisons.textproto/eq_wrapper/eq_uint64"] = ProtoMessages,
        ["comparisons.textproto/eq_wrapper/eq_uint64_empty"] = ProtoMessages,
        ["comparisons.textproto/eq_wrapper/eq_uint64_not_null"] = ProtoMessages,
        ["fields.textproto/qualified_identifier_resolution/ident_with_longest_prefix_check"] = QualifiedVariables,
        ["fields.textproto/qualified_identifier_resolution/map_field_select"] = QualifiedVariables,
        ["fields.textproto/qualified_identifier_resolution/qualified_ident"] = QualifiedVariables,
        ["fields.textproto/qualified_identifier_resolution/qualified_identifier_resolution_unchecked"] = QualifiedVariables,
        ["parse.textproto/comments/new_line_terminated"] = ProtoMessages,
        ["parse.textproto/receiver_function_names/as"] = UndeclaredFunctions,
        ["parse.textproto/receiver_function_names/break"] = UndeclaredFunctions,
        ["parse.textproto/receiver_function_names/const"] = UndeclaredFunctions,
        ["parse.textproto/receiver_function_names/continue"] = UndeclaredFunctions,
        ["parse.textproto/receiver_function_names/else"] = UndeclaredFunctions,
        ["parse.textproto/receiver_function_names/for"] = UndeclaredFunctions,
        ["parse.textproto/receiver_function_names/function"] = UndeclaredFunctions,
        ["parse.textproto/receiver_function_names/if"] = UndeclaredFunctions,
        ["parse.textproto/receiver_function_names/import"] = UndeclaredFunctions,
        ["parse.textproto/receiver_function_names/let"] = UndeclaredFunctions,
        ["parse.textproto/receiver_function_names/loop"] = UndeclaredFunctions,
        ["parse.textproto/receiver_function_names/namespace"] = UndeclaredFunctions,
        ["parse.textproto/receiver_function_names/package"] = UndeclaredFunctions,
        ["parse.textproto/receiver_function_names/return"] = UndeclaredFunctions,
        ["parse.textproto/receiver_function_names/var"] = UndeclaredFunctions,
        ["parse.textproto/receiver_function_names/void"] = UndeclaredFunctions,
        ["parse.textproto/receiver_function_names/while"] = UndeclaredFunctions,
        ["parse.textproto/whitespace/carriage_returns"] = ProtoMessages,
        ["parse.textproto/whitespace/new_lines"] = ProtoMessages,
        ["parse.textproto/whitespace/new_pages"] = ProtoMessages,
        ["parse.textproto/whitespace/spaces"] = ProtoMessages,
        ["parse.textproto/whitespace/tabs"] = ProtoMessages,
        ["timestamps.textproto/timestamp_arithmetic/add_time_to_duration_nanos_negative"] = Nanoseconds,
        ["timestamps.textproto/timestamp_arithmetic/add_time_to_duration_nanos_positive"] = Nanoseconds,
        ["timestamps.textproto/timestamp_conversions/toString_timestamp_nanos"] = Nanoseconds,
        ["timestamps.textproto/timestamp_range/add_duration_nanos_over"] = Nanoseconds,
        ["timestamps.textproto/timestamp_range/add_duration_nanos_under"] = Nanoseconds,
        ["timestamps.textproto/timestamp_range/sub_time_duration_over"] = GoDurationRange,
        ["timestamps.textproto/timestamp_range/sub_time_duration_under"] = GoDurationRange,
    };
}
