// What the page says when a request fails: its own text for the API's `extensions.code`, in
// the page's language and saying what to do; never the API's message, which names arguments.

import { formatNumber, has, t } from "./i18n.js";

export function errorText(error) {
  const code = (error && error.code) || "PAGE";
  const params = { ...(error && error.params) };
  if (typeof params.maximum === "number") params.maximum = formatNumber(params.maximum);
  return has(`error.${code}`) ? t(`error.${code}`, params) : t("error.other", { code });
}
