using System.Reflection;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Realtime.Streaming.Grpc.Wire;

namespace Realtime.Server.Hosting;

/// <summary>
/// Binds every gRPC service as grpc-dotnet's own binder does (the generated BindService method, the
/// service's and method's attributes as endpoint metadata, open delegates to the implementation), but
/// with request deserializers that answer a message that does not decode with InvalidArgument —
/// grpc-dotnet would fail it before any interceptor, as Unknown "Exception was thrown by handler." —
/// and response serializers that copy the bytes of a frame already encoded (<see cref="EncodedFrames"/>:
/// a topic event goes out to every stream of the topic as the same bytes, encoded once).
/// </summary>
public sealed class WireServiceMethodProvider<TService> : IServiceMethodProvider<TService> where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        for (var type = typeof(TService); type is not null; type = type.BaseType)
        {
            if (type.GetCustomAttribute<BindServiceMethodAttribute>(inherit: false) is { } attribute)
            {
                var bind = attribute.BindType.GetMethod(attribute.BindMethodName, BindingFlags.Public | BindingFlags.Static, [typeof(ServiceBinderBase), type])
                    ?? throw new InvalidOperationException($"{attribute.BindType} has no {attribute.BindMethodName}({type}).");
                bind.Invoke(null, [new Binder(context), null]);
                return;
            }
        }
    }

    private sealed class Binder(ServiceMethodProviderContext<TService> context) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
        {
            var implementation = Implementation(method, typeof(TRequest), typeof(ServerCallContext));
            context.AddUnaryMethod(Wire(method), Metadata(implementation), Invoker<Grpc.AspNetCore.Server.Model.UnaryServerMethod<TService, TRequest, TResponse>>(implementation));
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var implementation = Implementation(method, typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext));
            context.AddClientStreamingMethod(Wire(method), Metadata(implementation), Invoker<Grpc.AspNetCore.Server.Model.ClientStreamingServerMethod<TService, TRequest, TResponse>>(implementation));
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var implementation = Implementation(method, typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
            context.AddServerStreamingMethod(Wire(method), Metadata(implementation), Invoker<Grpc.AspNetCore.Server.Model.ServerStreamingServerMethod<TService, TRequest, TResponse>>(implementation));
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var implementation = Implementation(method, typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
            context.AddDuplexStreamingMethod(Wire(method), Metadata(implementation), Invoker<Grpc.AspNetCore.Server.Model.DuplexStreamingServerMethod<TService, TRequest, TResponse>>(implementation));
        }

        private static Method<TRequest, TResponse> Wire<TRequest, TResponse>(Method<TRequest, TResponse> method) where TRequest : class where TResponse : class
        {
            var requests = method.RequestMarshaller;
            var decoding = Marshallers.Create<TRequest>(
                requests.ContextualSerializer,
                context =>
                {
                    try
                    {
                        return requests.ContextualDeserializer(context);
                    }
                    catch (InvalidProtocolBufferException)
                    {
                        throw new RpcException(new Status(StatusCode.InvalidArgument, $"The request is not a valid {typeof(TRequest).Name} message."));
                    }
                });
            return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, decoding, EncodedFrames.Marshaller(method.ResponseMarshaller));
        }

        /// <summary>The service's public method for the call (its override, where it has one).</summary>
        private static MethodInfo Implementation(IMethod method, params Type[] parameters) =>
            typeof(TService).GetMethod(method.Name, BindingFlags.Public | BindingFlags.Instance, parameters)
                ?? throw new InvalidOperationException($"{typeof(TService)} has no method {method.Name}.");

        /// <summary>The service's attributes, then the implementing method's (they win: [Authorize], [AllowAnonymous] …).</summary>
        private static List<object> Metadata(MethodInfo implementation) =>
            [.. typeof(TService).GetCustomAttributes(inherit: true), .. implementation.GetCustomAttributes(inherit: true)];

        private static TDelegate Invoker<TDelegate>(MethodInfo implementation) where TDelegate : Delegate =>
            (TDelegate)Delegate.CreateDelegate(typeof(TDelegate), implementation);
    }
}
