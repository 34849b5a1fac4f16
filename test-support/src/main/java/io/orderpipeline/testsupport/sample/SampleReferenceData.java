package io.orderpipeline.testsupport.sample;

import io.orderpipeline.shared.message.ReferenceData;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/** Users and restaurants (with menus and categories) as another system keeps them in Redis. Seeded. */
public record SampleReferenceData(List<ReferenceData.User> users, List<ReferenceData.Restaurant> restaurants) {

    private static final String[] SURNAMES = {"Котова", "Иванова", "Смирнова", "Кузнецова", "Попова", "Соколова",
            "Лебедева", "Новикова", "Морозова", "Волкова", "Зайцева", "Павлова", "Семёнова", "Голубева"};
    private static final String[] NAMES = {"Ольга", "Анна", "Мария", "Елена", "Наталья", "Ирина", "Татьяна",
            "Светлана", "Юлия", "Дарья"};
    private static final String[] PATRONYMICS = {"Вениаминовна", "Андреевна", "Сергеевна", "Игоревна",
            "Петровна", "Олеговна", "Викторовна"};
    private static final String[][] RESTAURANTS = {
            {"Кофейня №1", "Напитки:Капучино:180", "Напитки:Латте:200", "Выпечка:Круассан:150",
                    "Выпечка:РОЛЛ С ТОФУ:180", "Десерты:Чизкейк:250", "Завтраки:Сырники:260"},
            {"Суши-бар «Васаби»", "Роллы:Филадельфия:520", "Роллы:Калифорния:430", "Закуски:Эдамаме:190",
                    "Супы:Мисо-суп:210", "Напитки:Зелёный чай:120", "Роллы:Ролл с лососем:390"},
            {"Пекарня у дома", "Выпечка:Пирожок с капустой:60", "Выпечка:Ватрушка:70", "Хлеб:Бородинский:90",
                    "Напитки:Морс клюквенный:110", "Десерты:Эклер:130"},
            {"Столовая «Борщ»", "Супы:Борщ:240", "Супы:Солянка:280", "Горячее:Пельмени:310",
                    "Закуски:Рис с лимоном:175", "Салаты:Оливье:220", "Салаты:Винегрет:160", "Напитки:Компот:80"},
            {"Пиццерия «Неаполь»", "Пицца:Маргарита:590", "Пицца:Пепперони:690", "Закуски:Брускетта:270",
                    "Десерты:Тирамису:330", "Напитки:Лимонад «Тархун»:150"}};

    public static SampleReferenceData generate(long seed, int userCount) {
        Random random = new Random(seed);
        LocalDateTime updated = LocalDateTime.of(2024, 9, 23, 13, 19, 33);
        List<ReferenceData.User> users = new ArrayList<>(userCount);
        for (int i = 0; i < userCount; i++) {
            String name = SURNAMES[random.nextInt(SURNAMES.length)] + " " + NAMES[random.nextInt(NAMES.length)] + " "
                    + PATRONYMICS[random.nextInt(PATRONYMICS.length)];
            users.add(new ReferenceData.User(objectId(random), name, "user_" + (i + 1), updated));
        }
        List<ReferenceData.Restaurant> restaurants = new ArrayList<>();
        for (String[] spec : RESTAURANTS) {
            List<ReferenceData.MenuItem> menu = new ArrayList<>();
            for (int i = 1; i < spec.length; i++) {
                String[] item = spec[i].split(":");
                menu.add(new ReferenceData.MenuItem(objectId(random), item[1], new BigDecimal(item[2]), item[0]));
            }
            restaurants.add(new ReferenceData.Restaurant(objectId(random), spec[0], menu, updated));
        }
        return new SampleReferenceData(List.copyOf(users), List.copyOf(restaurants));
    }

    /** A 24-hex-digit id like the upstream system's. */
    static String objectId(Random random) {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
