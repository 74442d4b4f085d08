import { build, needsBuild } from "../../scripts/build";

/** Integration tests run against the production build: build it once, before any test file. */
export default function setup() {
  if (needsBuild()) build();
}
