import { ArrowLeftOutlined } from "@ant-design/icons";
import { Link } from "@remix-run/react";
import { Button } from "antd";
import type { ReactNode } from "react";

import { useT } from "~/i18n";

/** A detail page's head: a back arrow to its list before the title, then the page's own actions. */
export function PageHead({ back, title, children }: { back: string; title: ReactNode; children?: ReactNode }) {
  const t = useT();
  return (
    <div className="kb-page-head">
      <h1>
        <Link to={back}>
          <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t("common.back")} />
        </Link>
        {title}
      </h1>
      {children}
    </div>
  );
}
