-- Marketplaces on Amazon's PA-API 5.0 locale reference that V2 lacked: Belgium, Poland, Egypt (and Ireland, listed
-- there with its own locale page: marketplace www.amazon.ie, EUR). Europe's hosts sign with eu-west-1.
insert into marketplaces (code, region_name, currency, paapi_endpoint, paapi_region) values
    ('www.amazon.com.be', 'Belgium', 'EUR', 'webservices.amazon.com.be', 'eu-west-1'),
    ('www.amazon.pl',     'Poland',  'PLN', 'webservices.amazon.pl',     'eu-west-1'),
    ('www.amazon.eg',     'Egypt',   'EGP', 'webservices.amazon.eg',     'eu-west-1'),
    ('www.amazon.ie',     'Ireland', 'EUR', 'webservices.amazon.ie',     'eu-west-1')
on conflict (code) do nothing;
