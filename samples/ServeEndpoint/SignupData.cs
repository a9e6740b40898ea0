namespace ServeEndpoint;

/// <summary>Data of <c>app/user.signup</c> and <c>app/user.onboarded</c>.</summary>
public sealed record SignupData(string Email);
