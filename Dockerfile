# The `pension` executable (workers, topics job, `pension serve`) on slim Debian. Build: `docker build -t pension:0.14.0 .`
# config/ is built into the binary, so the image has no copy of it; no secrets: the store's password comes from a
# file at run time (STORE_PASSWORD_FILE, a compose secret or a Kubernetes Secret).

FROM swift:6.3.1-bookworm AS build
# librdkafka >= 2.3 exactly as on the development machines (Debian 13's source built into /usr/local).
COPY scripts/apt-install.sh scripts/librdkafka.sh /tmp/scripts/
RUN RDKAFKA_PREFIX=/usr/local /tmp/scripts/librdkafka.sh
# The other C libraries the package links: SQLite, jemalloc, Cairo and Pango.
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libsqlite3-dev libjemalloc-dev libcairo2-dev libpango1.0-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product pension --static-swift-stdlib \
    && install -D -m 0755 "$(swift build -c release --show-bin-path)/pension" /out/pension

FROM debian:12.12-slim
# Run-time libraries of the binary and librdkafka, the CJK font of the certificates, `lp` for the printer, curl for
# the health check.
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libssl3 zlib1g libzstd1 liblz4-1 libsasl2-2 libcurl4 libsqlite3-0 libjemalloc2 \
        libcairo2 libpango-1.0-0 libpangocairo-1.0-0 fonts-noto-cjk cups-client curl ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /usr/local/lib/librdkafka.so.1 /usr/local/lib/
COPY --from=build /out/pension /usr/local/bin/pension
RUN ldconfig \
    && groupadd --system --gid 10001 pension \
    && useradd --system --uid 10001 --gid pension --home-dir /var/lib/pension --create-home pension \
    && install -d -o pension -g pension /var/lib/pension/certificates
WORKDIR /var/lib/pension
# Listen beyond loopback in a container; a worker serves /metrics and /health on METRICS_WORKER_PORT.
ENV HTTP_HOST=0.0.0.0 \
    METRICS_WORKER_PORT=9400 \
    CERTIFICATE_SPOOL_DIRECTORY=/var/lib/pension/certificates
USER 10001:10001
EXPOSE 9400 8088
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${METRICS_WORKER_PORT}/health" || exit 1
ENTRYPOINT ["pension"]
CMD ["--help"]
