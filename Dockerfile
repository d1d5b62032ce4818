# First draft for docker-compose.yml (not built here: the development machines have no Docker engine).
FROM swift:6.1-bookworm AS build
WORKDIR /src
COPY . .
RUN scripts/setup.sh && swift build -c release --product pension

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libssl3 zlib1g libzstd1 liblz4-1 libsasl2-2 \
    libcurl4 libsqlite3-0 libjemalloc2 ca-certificates && rm -rf /var/lib/apt/lists/*
COPY --from=build /usr/local/lib/librdkafka.so.1 /usr/local/lib/
COPY --from=build /usr/lib/swift/linux/*.so /usr/lib/swift/linux/
COPY --from=build /src/.build/release/pension /usr/local/bin/pension
COPY config /opt/pension/config
WORKDIR /opt/pension
RUN ldconfig
ENTRYPOINT []
