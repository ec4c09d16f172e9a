"""python -m tests.fake_llm --port 8100 [--tpm 6000 --window 60]: a fake LLM for demos."""
import argparse
import time

from tests.fake_llm.server import FakeLLM


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="loopback only, on purpose")
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--tpm", type=int, default=None, help="answer 429 above this many TPM")
    parser.add_argument("--window", type=float, default=60.0, help="TPM window in seconds")
    args = parser.parse_args()
    server = FakeLLM(host=args.host, port=args.port, tpm_limit=args.tpm,
                     window_seconds=args.window).start()
    print(f"fake LLM on {server.url} (OPENAI_BASE_URL={server.url} OPENAI_API_KEY=fake)",
          flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
