import { Select } from "antd";

import { useT } from "~/i18n";

/** Which product the simulated buyer is looking at (issue 16); cleared: no product. */
export function ProductPicker({
  products,
  value,
  onChange,
}: {
  products: { externalId: string; title: string }[];
  value: string | null;
  onChange: (v?: string) => void;
}) {
  const t = useT();
  return (
    <Select
      showSearch={{ optionFilterProp: "label" }}
      allowClear
      style={{ width: 300 }}
      value={value ?? undefined}
      placeholder={t("products.sim.noProduct")}
      aria-label={t("products.sim.product")}
      data-testid="sim-product"
      onChange={onChange}
      options={products.map((p) => ({ value: p.externalId, label: `${p.title}（${p.externalId}）` }))}
    />
  );
}
