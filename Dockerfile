# ColdEmail daemon image: `docker build -t coldemail .` then
#   docker run -e INSTANTLY_API_KEY=... -v $PWD/coldemail.conf:/config/coldemail.conf:ro -v coldemail-data:/data coldemail
# Build stage: restore first (cached while only sources change), then publish the CLI.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props ColdEmail.sln ./
COPY src/ColdEmail.Domain/ColdEmail.Domain.csproj src/ColdEmail.Domain/
COPY src/ColdEmail.Instantly/ColdEmail.Instantly.csproj src/ColdEmail.Instantly/
COPY src/ColdEmail.Sandbox/ColdEmail.Sandbox.csproj src/ColdEmail.Sandbox/
COPY src/ColdEmail.Warehouse/ColdEmail.Warehouse.csproj src/ColdEmail.Warehouse/
COPY src/ColdEmail.Pipeline/ColdEmail.Pipeline.csproj src/ColdEmail.Pipeline/
COPY src/ColdEmail.Cli/ColdEmail.Cli.csproj src/ColdEmail.Cli/
RUN dotnet restore src/ColdEmail.Cli/ColdEmail.Cli.csproj
COPY hocon/ hocon/
COPY sql/ sql/
COPY src/ src/
RUN dotnet publish src/ColdEmail.Cli/ColdEmail.Cli.csproj -c Release -o /app --no-restore

# Runtime stage: ASP.NET Core runtime, because the built-in sandbox (`--sandbox`, `demo`) runs on Kestrel.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
COPY hocon/coldemail.conf /config/coldemail.conf
# Relative paths in the settings (data/warehouse.duckdb, data/coldemail.db) land in the /data volume.
RUN mkdir -p /data/data && chown -R app:app /data /config
USER app
WORKDIR /data
VOLUME ["/config", "/data"]
ENV DOTNET_gcServer=0
# glibc makes up to 8 malloc arenas per core, and DuckDB's threads spread freed memory over them: 2 arenas held
# 30-60 MB less at the peak of a 1.4M-lead sync (bench/memory.sh --arena-max). It must be set before the process starts.
ENV MALLOC_ARENA_MAX=2
# Fixed malloc thresholds: left dynamic, glibc raises its mmap threshold after freeing a large block and its trim
# threshold with it (up to 64 MB), so freed memory stayed in the arenas (24-28 MB free at the peak of a 1.44M-lead sync);
# fixed at 128 KB, blocks that size and up are mapped and unmapped on their own and the arena tops are trimmed (5 MB free),
# at no measurable CPU cost (bench/memory.sh --malloc-fixed).
ENV MALLOC_MMAP_THRESHOLD_=131072 MALLOC_TRIM_THRESHOLD_=131072
# The daemon's HTTP endpoint (/healthz, /readyz, /metrics, status page at /, webhooks) on every interface of the container;
# coldemail.http.urls defaults to 127.0.0.1 outside a container. Publish it with `-p 8780:8780`.
ENV COLDEMAIL_HTTP_URLS=http://0.0.0.0:8780
EXPOSE 8780
# SIGTERM (docker's default, stated for clarity) lets in-flight runs settle for coldemail.shutdown-timeout (30 s) plus up
# to 10 s for the actors: stop with `docker stop -t 45` / compose `stop_grace_period: 45s` / k8s terminationGracePeriodSeconds: 45.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/app/coldemail"]
CMD ["run", "--config", "/config/coldemail.conf"]
