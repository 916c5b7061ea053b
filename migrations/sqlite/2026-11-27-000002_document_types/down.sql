DELETE FROM document_types WHERE code IN ('luat', 'nghi-dinh', 'thong-tu', 'nghi-quyet-hdnd', 'quyet-dinh-ubnd', 'quyet-dinh-chu-tich-ubnd');
