namespace Steadfast.Expressions.Runtime;

/// <summary>The timestamp and duration accessor functions (<c>getFullYear</c>, <c>getHours</c>, ...).</summary>
internal static class CelTimeAccessors
{
    public static readonly string[] Names =
    [
        "getFullYear", "getMonth", "getDate", "getDayOfMonth", "getDayOfWeek", "getDayOfYear",
        "getHours", "getMinutes", "getSeconds", "getMilliseconds",
    ];

    public static CelValue Get(string name, CelValue target, CelValue zone)
    {
        if (target.IsError)
        {
            return target;
        }

        if (zone.IsError)
        {
            return zone;
        }

        if (target.Kind == CelValueKind.Duration && zone.Kind == CelValueKind.Null)
        {
            var d = new TimeSpan(target.Bits);
            return name switch
            {
                "getHours" => CelValue.FromInt64((long)d.TotalHours),
                "getMinutes" => CelValue.FromInt64((long)d.TotalMinutes),
                "getSeconds" => CelValue.FromInt64((long)d.TotalSeconds),
                "getMilliseconds" => CelValue.FromInt64(d.Milliseconds),
                _ => Errors.NoSuchOverload(name, target),
            };
        }

        if (target.Kind != CelValueKind.Timestamp)
        {
            return Errors.NoSuchOverload(name, target);
        }

        DateTime t;
        if (zone.Kind == CelValueKind.Null)
        {
            t = new DateTime(target.Bits, DateTimeKind.Utc);
        }
        else if (zone.Kind != CelValueKind.String || !TryConvert(target.Bits, zone.AsString(), out t))
        {
            return CelValue.FromError($"invalid time zone: {CelFormatter.Format(zone)}");
        }

        return name switch
        {
            "getFullYear" => CelValue.FromInt64(t.Year),
            "getMonth" => CelValue.FromInt64(t.Month - 1),
            "getDate" => CelValue.FromInt64(t.Day),
            "getDayOfMonth" => CelValue.FromInt64(t.Day - 1),
            "getDayOfWeek" => CelValue.FromInt64((int)t.DayOfWeek),
            "getDayOfYear" => CelValue.FromInt64(t.DayOfYear - 1),
            "getHours" => CelValue.FromInt64(t.Hour),
            "getMinutes" => CelValue.FromInt64(t.Minute),
            "getSeconds" => CelValue.FromInt64(t.Second),
            _ => CelValue.FromInt64(t.Millisecond),
        };
    }

    private static bool TryConvert(long utcTicks, string zone, out DateTime result)
    {
        result = default;
        var utc = new DateTime(utcTicks, DateTimeKind.Utc);
        if (zone.Length > 0 && (zone[0] is '+' or '-' || char.IsDigit(zone[0])))
        {
            var sign = zone[0] == '-' ? -1 : 1;
            var body = zone[0] is '+' or '-' ? zone[1..] : zone;
            if (!TimeSpan.TryParseExact(body, @"hh\:mm", System.Globalization.CultureInfo.InvariantCulture, out var offset))
            {
                return false;
            }

            result = utc.AddTicks(sign * offset.Ticks);
            return true;
        }

        try
        {
            result = TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZoneInfo.FindSystemTimeZoneById(zone));
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return false;
        }
    }
}
