# The production image of Góp Ý: one static-ish binary (SQLite and libpq are compiled in)
# on a slim Debian, running as an unprivileged user.
FROM rust:1.95-bookworm AS build
WORKDIR /src
# Dependencies first, so that a change to the code does not rebuild them.
COPY Cargo.toml Cargo.lock ./
# How the bundled SQLite is compiled (LIBSQLITE3_FLAGS): before the dependencies build.
COPY .cargo .cargo
RUN mkdir src && echo 'fn main() {}' > src/main.rs && touch src/lib.rs \
    && cargo build --release --locked \
    && rm -rf src
COPY migrations migrations
COPY static static
COPY src src
RUN touch src/main.rs src/lib.rs && cargo build --release --locked

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /var/lib/gopy --create-home gopy
COPY --from=build /src/target/release/gopy /usr/local/bin/gopy
USER gopy
WORKDIR /var/lib/gopy
ENV GOPY_BIND=0.0.0.0:8080 \
    GOPY_DATA_DIR=/var/lib/gopy
VOLUME ["/var/lib/gopy"]
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 CMD ["gopy", "healthcheck"]
CMD ["gopy"]
