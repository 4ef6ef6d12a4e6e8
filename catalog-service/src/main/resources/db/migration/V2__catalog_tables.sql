-- Seed 004's tables (marketplaces, products, refresh_jobs) with their columns, checks and indexes, plus what a price
-- tracker needs: price history, the rolling schedule (next_refresh_at), lease columns for replicas, raw payloads.

create table marketplaces (
    id              uuid primary key default gen_random_uuid(),
    code            text not null unique,           -- e.g. www.amazon.com (PA-API "Marketplace", Creators x-marketplace)
    region_name     text not null,                  -- e.g. United States
    currency        text not null,                  -- ISO 4217
    paapi_endpoint  text not null,                  -- PA-API host, e.g. webservices.amazon.com
    paapi_region    text not null,                  -- SigV4 signing region of that host
    associate_tag   text,
    created_at      timestamptz not null default now(),
    constraint marketplaces_currency_ck check (currency ~ '^[A-Z]{3}$'),
    constraint marketplaces_region_ck check (paapi_region in ('us-east-1', 'eu-west-1', 'us-west-2'))
);

-- UPSTREAMS.md §4a: hosts and signing regions per marketplace.
insert into marketplaces (code, region_name, currency, paapi_endpoint, paapi_region) values
    ('www.amazon.com',    'United States',        'USD', 'webservices.amazon.com',    'us-east-1'),
    ('www.amazon.ca',     'Canada',               'CAD', 'webservices.amazon.ca',     'us-east-1'),
    ('www.amazon.com.mx', 'Mexico',               'MXN', 'webservices.amazon.com.mx', 'us-east-1'),
    ('www.amazon.com.br', 'Brazil',               'BRL', 'webservices.amazon.com.br', 'us-east-1'),
    ('www.amazon.co.uk',  'United Kingdom',       'GBP', 'webservices.amazon.co.uk',  'eu-west-1'),
    ('www.amazon.de',     'Germany',              'EUR', 'webservices.amazon.de',     'eu-west-1'),
    ('www.amazon.fr',     'France',               'EUR', 'webservices.amazon.fr',     'eu-west-1'),
    ('www.amazon.it',     'Italy',                'EUR', 'webservices.amazon.it',     'eu-west-1'),
    ('www.amazon.es',     'Spain',                'EUR', 'webservices.amazon.es',     'eu-west-1'),
    ('www.amazon.in',     'India',                'INR', 'webservices.amazon.in',     'eu-west-1'),
    ('www.amazon.nl',     'Netherlands',          'EUR', 'webservices.amazon.nl',     'eu-west-1'),
    ('www.amazon.se',     'Sweden',               'SEK', 'webservices.amazon.se',     'eu-west-1'),
    ('www.amazon.com.tr', 'Turkey',               'TRY', 'webservices.amazon.com.tr', 'eu-west-1'),
    ('www.amazon.ae',     'United Arab Emirates', 'AED', 'webservices.amazon.ae',     'eu-west-1'),
    ('www.amazon.sa',     'Saudi Arabia',         'SAR', 'webservices.amazon.sa',     'eu-west-1'),
    ('www.amazon.co.jp',  'Japan',                'JPY', 'webservices.amazon.co.jp',  'us-west-2'),
    ('www.amazon.com.au', 'Australia',            'AUD', 'webservices.amazon.com.au', 'us-west-2'),
    ('www.amazon.sg',     'Singapore',            'SGD', 'webservices.amazon.sg',     'us-west-2');

create table products (
    id                      uuid primary key default gen_random_uuid(),
    asin                    text not null,
    marketplace_id          uuid not null references marketplaces (id) on delete cascade,
    parent_id               uuid references products (id) on delete set null,
    parent_asin             text,

    -- basic info
    title                   text not null,
    description             text,
    brand                   text,
    manufacturer            text,

    -- media
    images                  jsonb,                  -- array of image URLs, primary first
    detail_page_url         text,

    -- pricing and deals
    current_price           numeric(10, 2),
    original_price          numeric(10, 2),
    savings_amount          numeric(10, 2),
    savings_percentage      numeric(5, 2),
    currency                text,

    -- availability
    availability_type       text,
    availability_message    text,

    -- ratings
    customer_review_count   integer,
    star_rating             numeric(3, 2),

    -- metadata
    status                  text not null default 'draft',
    last_refresh_at         timestamptz,
    last_available_at       timestamptz,
    next_refresh_at         timestamptz,            -- rolling schedule: null means never due
    refresh_slot            integer not null default 0, -- second of the day this product's refresh is spread to

    -- raw upstream data for future extensibility (the item object of the reply), and which API sent it
    raw_paapi_response      jsonb,
    raw_source              text,

    -- leases (shared-resilience Leases): several replicas never refresh the same product at once
    lease_owner             text,
    lease_until             timestamptz,
    version                 bigint not null default 0,

    created_at              timestamptz not null default now(),
    updated_at              timestamptz not null default now(),

    constraint products_asin_marketplace_uk unique (asin, marketplace_id),
    constraint products_status_ck check (status in ('draft', 'active', 'unavailable')),
    constraint products_asin_ck check (asin ~ '^[A-Z0-9]{10}$'),
    constraint products_prices_ck check (
        (current_price is null or current_price >= 0) and (original_price is null or original_price >= 0)
        and (savings_amount is null or savings_amount >= 0)),
    constraint products_savings_percentage_ck check (savings_percentage is null or savings_percentage between 0 and 100),
    constraint products_star_rating_ck check (star_rating is null or star_rating between 0 and 5),
    constraint products_review_count_ck check (customer_review_count is null or customer_review_count >= 0),
    constraint products_refresh_slot_ck check (refresh_slot between 0 and 86399),
    constraint products_raw_source_ck check (raw_source is null or raw_source in ('paapi', 'creators'))
);

create index idx_products_asin on products (asin);
create index idx_products_status on products (status);
create index idx_products_last_refresh on products (last_refresh_at);
create index idx_products_next_refresh on products (next_refresh_at) where next_refresh_at is not null;
create index idx_products_listing on products (created_at desc, id desc);

create table refresh_jobs (
    id                      uuid primary key default gen_random_uuid(),
    product_id              uuid references products (id) on delete cascade,
    run_id                  uuid,
    worker                  text,
    scheduled_at            timestamptz not null,
    started_at              timestamptz,
    completed_at            timestamptz,
    status                  text,
    retry_count             integer not null default 0,
    error_code              text,
    error_message           text,
    circuit_breaker_state   text,
    old_price               numeric(10, 2),
    new_price               numeric(10, 2),
    created_at              timestamptz not null default now(),
    constraint refresh_jobs_status_ck check (status in ('pending', 'running', 'success', 'failed', 'skipped')),
    constraint refresh_jobs_breaker_ck check (circuit_breaker_state in ('closed', 'open', 'half-open')),
    constraint refresh_jobs_retry_count_ck check (retry_count >= 0)
);

create index idx_refresh_jobs_scheduled on refresh_jobs (scheduled_at, status);
create index idx_refresh_jobs_product on refresh_jobs (product_id, created_at desc, id desc);
create index idx_refresh_jobs_listing on refresh_jobs (created_at desc, id desc);

-- Every price a product had: written by trigger, so imports and refreshes can never forget it.
create table price_history (
    id              bigint generated always as identity primary key,
    product_id      uuid not null references products (id) on delete cascade,
    old_price       numeric(10, 2),
    new_price       numeric(10, 2),
    currency        text,
    changed_at      timestamptz not null default now()
);

create index idx_price_history_product on price_history (product_id, id desc);

create function record_price_change() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        if new.current_price is not null then
            insert into price_history (product_id, old_price, new_price, currency, changed_at)
            values (new.id, null, new.current_price, new.currency, now());
        end if;
    elsif new.current_price is distinct from old.current_price and new.current_price is not null then
        -- a product that stops being offered keeps its last price: no history row for "no price now"
        insert into price_history (product_id, old_price, new_price, currency, changed_at)
        values (new.id, old.current_price, new.current_price, new.currency, now());
    end if;
    return new;
end
$$;

create trigger products_price_history
    after insert or update of current_price on products
    for each row execute function record_price_change();

-- Row Level Security as the seed asks; the catalog is not per-tenant, so the runtime role may see every row.
alter table marketplaces enable row level security;
alter table products enable row level security;
alter table refresh_jobs enable row level security;
alter table price_history enable row level security;
create policy marketplaces_app on marketplaces for select to ${app_role} using (true);
create policy products_app on products for all to ${app_role} using (true) with check (true);
create policy refresh_jobs_app on refresh_jobs for all to ${app_role} using (true) with check (true);
create policy price_history_app on price_history for all to ${app_role} using (true) with check (true);

grant select on marketplaces to ${app_role};
grant select, insert, update on products to ${app_role};
grant select, insert, update on refresh_jobs to ${app_role};
grant select, insert on price_history to ${app_role};
