-- Prospects as the business systems deliver them: raw, possibly dirty (the view normalises and filters).
CREATE TABLE IF NOT EXISTS eligible_leads (
    email                  VARCHAR,
    merchant_name          VARCHAR,
    platform_domain        VARCHAR,
    domain                 VARCHAR,
    state                  VARCHAR,
    country_code           VARCHAR,
    estimated_sales_yearly DECIMAL(18,2),
    employee_count         INTEGER,
    product_count          INTEGER,
    avg_price              DECIMAL(18,2),
    klaviyo_installed_at   TIMESTAMP,
    timezone               VARCHAR,
    industry               VARCHAR,
    loaded_at              TIMESTAMP
);
