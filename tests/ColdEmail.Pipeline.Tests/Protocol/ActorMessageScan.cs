using System.Reflection;
using System.Reflection.Emit;
using Akka.Actor;

namespace ColdEmail.Pipeline.Tests.Protocol;

/// <summary>
/// Finds, in the IL of an assembly, the type argument of every <c>Receive&lt;T&gt;</c>, <c>Command&lt;T&gt;</c>,
/// <c>Recover&lt;T&gt;</c> (and their async forms) and <c>Ask&lt;T&gt;</c> call: the messages actors handle and the replies
/// callers wait for. Akka's own types (snapshot offers, recovery completed) are left out: Akka serializes those.
/// </summary>
public static class ActorMessageScan
{
    private static readonly HashSet<string> Handlers = new(StringComparer.Ordinal) { "Receive", "ReceiveAsync", "Command", "CommandAsync", "Recover", "Ask" };
    private static readonly Dictionary<short, OpCode> OpCodes = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    public static IReadOnlyList<Type> MessageTypes(Assembly assembly)
    {
        var found = new HashSet<Type>();
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var type in assembly.GetTypes())
        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            var il = method.GetMethodBody()?.GetILAsByteArray();
            if (il is null) continue;
            foreach (var token in CallTokens(il))
            {
                MethodBase? callee;
                try
                {
                    callee = method.Module.ResolveMethod(token, type.IsGenericType ? type.GetGenericArguments() : null,
                        method.IsGenericMethod ? method.GetGenericArguments() : null);
                }
                catch (ArgumentException)
                {
                    continue;
                }
                if (callee is MethodInfo { IsGenericMethod: true } m && Handlers.Contains(m.Name) && m.GetGenericArguments() is [var message]
                    && !message.IsGenericParameter && message.Assembly == assembly)
                    found.Add(message);
            }
        }
        return found.ToList();
    }

    private static IEnumerable<int> CallTokens(byte[] il)
    {
        var i = 0;
        while (i < il.Length)
        {
            OpCode op;
            if (il[i] == 0xFE && i + 1 < il.Length)
            {
                op = OpCodes.GetValueOrDefault(unchecked((short)(0xFE00 | il[i + 1])), System.Reflection.Emit.OpCodes.Nop);
                i += 2;
            }
            else
            {
                op = OpCodes.GetValueOrDefault(il[i], System.Reflection.Emit.OpCodes.Nop);
                i += 1;
            }
            if ((op == System.Reflection.Emit.OpCodes.Call || op == System.Reflection.Emit.OpCodes.Callvirt || op == System.Reflection.Emit.OpCodes.Newobj) && i + 4 <= il.Length)
                yield return BitConverter.ToInt32(il, i);
            i += OperandSize(op, il, i);
        }
    }

    private static int OperandSize(OpCode op, byte[] il, int at) => op.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, at),
        _ => 4,
    };
}
