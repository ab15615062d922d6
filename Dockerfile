# syntax=docker/dockerfile:1
# Build with the Maven wrapper, run on a JRE as a non-root user, from Spring Boot's layered jar.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /build
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src/ src/
# The routes are the architecture: kept in routes/, packaged into the jar (classpath:routes/, its application layer)
COPY routes/ routes/
RUN ./mvnw -B -q package -DskipTests \
 && java -Djarmode=tools -jar target/whatsapp-gateway-*.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 gateway && useradd --system --uid 10001 --gid gateway gateway
WORKDIR /app
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
# File-drop ingestion watches INBOX_DIR (its reports and processed files go to .done/ and .error/ inside it)
RUN mkdir -p /data/inbox && chown -R gateway:gateway /data
ENV INBOX_DIR=/data/inbox
VOLUME /data/inbox
USER gateway
EXPOSE 8080
# Liveness only (the process and its CamelContext), never the database: an outage must not restart the container.
# The JRE image has no curl: bash's /dev/tcp speaks the HTTP/1.0 request.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /actuator/health/liveness HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '\"status\":\"UP\"' <&3"]
# Heap sized from the container's memory limit (cgroup), not the host's: 75 % of it, the rest for metaspace, threads
# and direct buffers.
ENTRYPOINT ["java", "-XX:+UseContainerSupport", "-XX:MaxRAMPercentage=75", "org.springframework.boot.loader.launch.JarLauncher"]
