# fundwatch in one container: migrations at start, then scheduler + web (`fundwatch run`).
# No Docker engine runs on the development machines of this project, so this file is
# written to the documented layout but not built in CI.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    FUNDWATCH_DATA_DIR=/data \
    FUNDWATCH_HOST=0.0.0.0 \
    FUNDWATCH_PORT=8000

RUN useradd --create-home --uid 10001 fundwatch \
    && mkdir -p /data /app \
    && chown fundwatch:fundwatch /data

WORKDIR /app
COPY . /app
RUN pip install --no-cache-dir /app

USER fundwatch
VOLUME ["/data"]
EXPOSE 8000
CMD ["sh", "-c", "fundwatch db upgrade && exec fundwatch run"]
