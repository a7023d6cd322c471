namespace ColdEmail.Domain.Drain;

/// <summary>
/// Instantly's <c>lt_interest_status</c> (the lead's CRM label, separate from its sequence status):
/// 0 Out of Office, 1 Interested, 2 Meeting booked, 3 Meeting completed, 4 Won, -1 Not interested,
/// -2 Wrong person, -3 Lost, -4 No show; other values are workspace custom labels; null = no label yet.
/// </summary>
public static class InterestLabels
{
    public const int OutOfOffice = 0;
    public const int Interested = 1;
    public const int MeetingBooked = 2;
    public const int MeetingCompleted = 3;
    public const int Won = 4;
    public const int NotInterested = -1;
    public const int WrongPerson = -2;
    public const int Lost = -3;
    public const int NoShow = -4;

    /// <summary>Reason code for a label (the suppression reason it yields); custom labels are <c>custom_label</c>.</summary>
    public static string Code(int label) => label switch
    {
        OutOfOffice => "out_of_office",
        Interested => "interested",
        MeetingBooked => "meeting_booked",
        MeetingCompleted => "meeting_completed",
        Won => "won",
        NotInterested => "not_interested",
        WrongPerson => "wrong_person",
        Lost => "lost",
        NoShow => "no_show",
        _ => CustomLabel,
    };

    /// <summary>A label the workspace defined itself: a person labelled it, so the reply was read by someone.</summary>
    public const string CustomLabel = "custom_label";
}
