-- Prospects as the business systems deliver them: raw, possibly dirty (the view normalises and filters).
CREATE TABLE IF NOT EXISTS eligible_leads (
    email                  TEXT,
    merchant_name          TEXT,
    platform_domain        TEXT,
    domain                 TEXT,
    state                  TEXT,
    country_code           TEXT,
    estimated_sales_yearly NUMERIC(18,2),
    employee_count         INTEGER,
    product_count          INTEGER,
    avg_price              NUMERIC(18,2),
    klaviyo_installed_at   TIMESTAMPTZ,
    timezone               TEXT,
    industry               TEXT,
    loaded_at              TIMESTAMPTZ
);
